CREATE SCHEMA "identity";
--> statement-breakpoint
CREATE TABLE "identity"."legal_person_code" (
	"code" text NOT NULL,
	"code_type" text NOT NULL,
	"uscc" char(18) NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "legal_person_code_code_type_code_uscc_pk" PRIMARY KEY("code_type","code","uscc")
);
--> statement-breakpoint
ALTER TABLE "government"."administrative_licence" ADD COLUMN "subject_legacy_code" text;--> statement-breakpoint
ALTER TABLE "government"."administrative_penalty" ADD COLUMN "subject_legacy_code" text;--> statement-breakpoint
ALTER TABLE "government"."sector_record" ADD COLUMN "subject_legacy_code" text;--> statement-breakpoint
ALTER TABLE "business"."sector_record" ADD COLUMN "subject_legacy_code" text;--> statement-breakpoint
ALTER TABLE "social"."sector_record" ADD COLUMN "subject_legacy_code" text;--> statement-breakpoint
ALTER TABLE "judicial"."sector_record" ADD COLUMN "subject_legacy_code" text;--> statement-breakpoint
CREATE INDEX "legal_person_code_uscc" ON "identity"."legal_person_code" USING btree ("uscc");