CREATE SCHEMA "platform";
--> statement-breakpoint
CREATE SCHEMA "government";
--> statement-breakpoint
CREATE SCHEMA "business";
--> statement-breakpoint
CREATE SCHEMA "social";
--> statement-breakpoint
CREATE SCHEMA "judicial";
--> statement-breakpoint
CREATE TABLE "platform"."legacy_code" (
	"code" text NOT NULL,
	"code_type" text NOT NULL,
	"uscc" char(18) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."legal_person" (
	"uscc" char(18) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"division_code" char(6) NOT NULL,
	"industry_code" char(1),
	"registration_date" date,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"legal_representative" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."natural_person" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"id_number_hash" char(64) NOT NULL,
	"id_number_masked" text NOT NULL,
	"division_code" char(6),
	"birth_year" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "government"."administrative_licence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"subject_category" text NOT NULL,
	"legal_representative" text,
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"remarks" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"document_name" text NOT NULL,
	"licence_category" text NOT NULL,
	"certificate_name" text,
	"licence_number" text,
	"content" text NOT NULL,
	"valid_from" date,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "government"."administrative_penalty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"subject_category" text NOT NULL,
	"legal_representative" text,
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"remarks" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"violation_type" text NOT NULL,
	"violation_facts" text NOT NULL,
	"legal_basis" text NOT NULL,
	"penalty_categories" text[] NOT NULL,
	"penalty_content" text NOT NULL,
	"fine_amount" numeric(18, 2),
	"confiscated_amount" numeric(18, 2),
	"revoked_licence" text,
	"valid_until" date,
	"publication_end_date" date
);
--> statement-breakpoint
CREATE TABLE "business"."tax_credit_rating" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_uscc" char(18) NOT NULL,
	"year" smallint NOT NULL,
	"grade" char(1) NOT NULL,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"published_date" date NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social"."wage_arrears_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_uscc" char(18) NOT NULL,
	"subject_name" text NOT NULL,
	"legal_representative" text,
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"amount_owed" numeric(18, 2) NOT NULL,
	"workers_affected" integer NOT NULL,
	"arrears_from" date,
	"arrears_to" date,
	"facts" text NOT NULL,
	"settlement_status" text NOT NULL,
	"settled_date" date,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judicial"."dishonest_judgment_debtor" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"legal_representative" text,
	"court_name" text NOT NULL,
	"case_number" text NOT NULL,
	"filing_date" date NOT NULL,
	"basis_document_number" text NOT NULL,
	"basis_issuer" text NOT NULL,
	"obligation" text NOT NULL,
	"performance" text NOT NULL,
	"dishonest_conduct" text NOT NULL,
	"published_date" date NOT NULL,
	"removed_date" date,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "platform"."legacy_code" ADD CONSTRAINT "legacy_code_uscc_legal_person_uscc_fk" FOREIGN KEY ("uscc") REFERENCES "platform"."legal_person"("uscc") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "legacy_code_code_type" ON "platform"."legacy_code" USING btree ("code","code_type");--> statement-breakpoint
CREATE INDEX "legacy_code_uscc" ON "platform"."legacy_code" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "legal_person_name_trgm" ON "platform"."legal_person" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "legal_person_division" ON "platform"."legal_person" USING btree ("division_code");--> statement-breakpoint
CREATE INDEX "legal_person_organization_code" ON "platform"."legal_person" USING btree (substring("uscc", 9, 9));--> statement-breakpoint
CREATE UNIQUE INDEX "natural_person_id_hash" ON "platform"."natural_person" USING btree ("id_number_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "administrative_licence_natural_key" ON "government"."administrative_licence" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "administrative_licence_subject" ON "government"."administrative_licence" USING btree ("subject_uscc","decision_date","id");--> statement-breakpoint
CREATE INDEX "administrative_licence_person" ON "government"."administrative_licence" USING btree ("subject_person_id","decision_date","id");--> statement-breakpoint
CREATE UNIQUE INDEX "administrative_penalty_natural_key" ON "government"."administrative_penalty" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "administrative_penalty_subject" ON "government"."administrative_penalty" USING btree ("subject_uscc","decision_date","id");--> statement-breakpoint
CREATE INDEX "administrative_penalty_person" ON "government"."administrative_penalty" USING btree ("subject_person_id","decision_date","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_credit_rating_subject_year" ON "business"."tax_credit_rating" USING btree ("subject_uscc","year");--> statement-breakpoint
CREATE INDEX "tax_credit_rating_grade" ON "business"."tax_credit_rating" USING btree ("year","grade");--> statement-breakpoint
CREATE UNIQUE INDEX "wage_arrears_natural_key" ON "social"."wage_arrears_record" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "wage_arrears_subject" ON "social"."wage_arrears_record" USING btree ("subject_uscc","decision_date","id");--> statement-breakpoint
CREATE UNIQUE INDEX "dishonest_debtor_natural_key" ON "judicial"."dishonest_judgment_debtor" USING btree ("court_name","case_number");--> statement-breakpoint
CREATE INDEX "dishonest_debtor_subject" ON "judicial"."dishonest_judgment_debtor" USING btree ("subject_uscc","published_date","id");--> statement-breakpoint
CREATE INDEX "dishonest_debtor_person" ON "judicial"."dishonest_judgment_debtor" USING btree ("subject_person_id","published_date","id");