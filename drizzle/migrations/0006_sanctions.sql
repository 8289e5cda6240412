CREATE TABLE "platform"."sanction_case" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_uscc" char(18) NOT NULL,
	"scenario" text NOT NULL,
	"department_code" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_on" date NOT NULL,
	"listings" jsonb,
	"measures" jsonb,
	"evaluated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "platform"."sanction_feedback" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"action_date" date NOT NULL,
	"details" text,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."sanction_measure" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"list_type" text NOT NULL,
	"list_name" text,
	"scenario" text NOT NULL,
	"department_code" text NOT NULL,
	"legal_basis" text NOT NULL,
	"action" text NOT NULL,
	"content" text NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "government"."listing_decision" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"list_type" text NOT NULL,
	"list_name" text NOT NULL,
	"subject_category" text NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"facts" text NOT NULL,
	"legal_basis" text NOT NULL,
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"status" text DEFAULT 'PUBLISHED' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business"."listing_decision" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"list_type" text NOT NULL,
	"list_name" text NOT NULL,
	"subject_category" text NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"facts" text NOT NULL,
	"legal_basis" text NOT NULL,
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"status" text DEFAULT 'PUBLISHED' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social"."listing_decision" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"list_type" text NOT NULL,
	"list_name" text NOT NULL,
	"subject_category" text NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"facts" text NOT NULL,
	"legal_basis" text NOT NULL,
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"status" text DEFAULT 'PUBLISHED' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judicial"."listing_decision" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"list_type" text NOT NULL,
	"list_name" text NOT NULL,
	"subject_category" text NOT NULL,
	"subject_uscc" char(18),
	"subject_person_id" text,
	"subject_name" text NOT NULL,
	"facts" text NOT NULL,
	"legal_basis" text NOT NULL,
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"authority_name" text NOT NULL,
	"authority_uscc" char(18) NOT NULL,
	"source_name" text NOT NULL,
	"source_uscc" char(18) NOT NULL,
	"status" text DEFAULT 'PUBLISHED' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "platform"."sanction_feedback" ADD CONSTRAINT "sanction_feedback_case_id_sanction_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "platform"."sanction_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sanction_case_department" ON "platform"."sanction_case" USING btree ("department_code","checked_at","id");--> statement-breakpoint
CREATE INDEX "sanction_case_checked" ON "platform"."sanction_case" USING btree ("checked_at","id");--> statement-breakpoint
CREATE INDEX "sanction_case_subject" ON "platform"."sanction_case" USING btree ("subject_uscc","checked_at");--> statement-breakpoint
CREATE INDEX "sanction_feedback_case" ON "platform"."sanction_feedback" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "sanction_measure_scenario" ON "platform"."sanction_measure" USING btree ("scenario","department_code");--> statement-breakpoint
CREATE UNIQUE INDEX "government_listing_decision_natural_key" ON "government"."listing_decision" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "government_listing_decision_subject" ON "government"."listing_decision" USING btree ("subject_uscc");--> statement-breakpoint
CREATE INDEX "government_listing_decision_person" ON "government"."listing_decision" USING btree ("subject_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "business_listing_decision_natural_key" ON "business"."listing_decision" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "business_listing_decision_subject" ON "business"."listing_decision" USING btree ("subject_uscc");--> statement-breakpoint
CREATE INDEX "business_listing_decision_person" ON "business"."listing_decision" USING btree ("subject_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "social_listing_decision_natural_key" ON "social"."listing_decision" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "social_listing_decision_subject" ON "social"."listing_decision" USING btree ("subject_uscc");--> statement-breakpoint
CREATE INDEX "social_listing_decision_person" ON "social"."listing_decision" USING btree ("subject_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "judicial_listing_decision_natural_key" ON "judicial"."listing_decision" USING btree ("authority_uscc","document_number");--> statement-breakpoint
CREATE INDEX "judicial_listing_decision_subject" ON "judicial"."listing_decision" USING btree ("subject_uscc");--> statement-breakpoint
CREATE INDEX "judicial_listing_decision_person" ON "judicial"."listing_decision" USING btree ("subject_person_id");