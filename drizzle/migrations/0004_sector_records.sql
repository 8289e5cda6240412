CREATE TABLE "government"."sector_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sector" text NOT NULL,
	"category" text NOT NULL,
	"subject_category" text NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"polarity" text NOT NULL,
	"severity" text,
	"title" text NOT NULL,
	"facts" text NOT NULL,
	"legal_basis" text,
	"outcome" text,
	"amount" numeric(18, 2),
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"published_date" date,
	"publication_end_date" date,
	"status" text DEFAULT 'PUBLISHED' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business"."sector_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sector" text NOT NULL,
	"category" text NOT NULL,
	"subject_category" text NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"polarity" text NOT NULL,
	"severity" text,
	"title" text NOT NULL,
	"facts" text NOT NULL,
	"legal_basis" text,
	"outcome" text,
	"amount" numeric(18, 2),
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"published_date" date,
	"publication_end_date" date,
	"status" text DEFAULT 'PUBLISHED' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social"."sector_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sector" text NOT NULL,
	"category" text NOT NULL,
	"subject_category" text NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"polarity" text NOT NULL,
	"severity" text,
	"title" text NOT NULL,
	"facts" text NOT NULL,
	"legal_basis" text,
	"outcome" text,
	"amount" numeric(18, 2),
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"published_date" date,
	"publication_end_date" date,
	"status" text DEFAULT 'PUBLISHED' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judicial"."sector_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sector" text NOT NULL,
	"category" text NOT NULL,
	"subject_category" text NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"polarity" text NOT NULL,
	"severity" text,
	"title" text NOT NULL,
	"facts" text NOT NULL,
	"legal_basis" text,
	"outcome" text,
	"amount" numeric(18, 2),
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"published_date" date,
	"publication_end_date" date,
	"status" text DEFAULT 'PUBLISHED' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "government_sector_record_natural_key" ON "government"."sector_record" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "government_sector_record_subject" ON "government"."sector_record" USING btree ("subject_uscc","decision_date","id");--> statement-breakpoint
CREATE INDEX "government_sector_record_person" ON "government"."sector_record" USING btree ("subject_person_id","decision_date","id");--> statement-breakpoint
CREATE INDEX "government_sector_record_sector" ON "government"."sector_record" USING btree ("sector","decision_date");--> statement-breakpoint
CREATE UNIQUE INDEX "business_sector_record_natural_key" ON "business"."sector_record" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "business_sector_record_subject" ON "business"."sector_record" USING btree ("subject_uscc","decision_date","id");--> statement-breakpoint
CREATE INDEX "business_sector_record_person" ON "business"."sector_record" USING btree ("subject_person_id","decision_date","id");--> statement-breakpoint
CREATE INDEX "business_sector_record_sector" ON "business"."sector_record" USING btree ("sector","decision_date");--> statement-breakpoint
CREATE UNIQUE INDEX "social_sector_record_natural_key" ON "social"."sector_record" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "social_sector_record_subject" ON "social"."sector_record" USING btree ("subject_uscc","decision_date","id");--> statement-breakpoint
CREATE INDEX "social_sector_record_person" ON "social"."sector_record" USING btree ("subject_person_id","decision_date","id");--> statement-breakpoint
CREATE INDEX "social_sector_record_sector" ON "social"."sector_record" USING btree ("sector","decision_date");--> statement-breakpoint
CREATE UNIQUE INDEX "judicial_sector_record_natural_key" ON "judicial"."sector_record" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "judicial_sector_record_subject" ON "judicial"."sector_record" USING btree ("subject_uscc","decision_date","id");--> statement-breakpoint
CREATE INDEX "judicial_sector_record_person" ON "judicial"."sector_record" USING btree ("subject_person_id","decision_date","id");--> statement-breakpoint
CREATE INDEX "judicial_sector_record_sector" ON "judicial"."sector_record" USING btree ("sector","decision_date");