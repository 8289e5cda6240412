CREATE TABLE "government"."record_status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_type" text NOT NULL,
	"record_id" bigint NOT NULL,
	"status" text NOT NULL,
	"effective_on" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"cause_type" text NOT NULL,
	"cause_id" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "business"."record_status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_type" text NOT NULL,
	"record_id" bigint NOT NULL,
	"status" text NOT NULL,
	"effective_on" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"cause_type" text NOT NULL,
	"cause_id" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "business"."credit_commitment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_uscc" char(18) NOT NULL,
	"commitment_type" text NOT NULL,
	"content" text NOT NULL,
	"made_on" date NOT NULL,
	"valid_until" date,
	"made_through" text NOT NULL,
	"recipient_name" text,
	"recipient_uscc" char(18),
	"source_key" text,
	"breach_record_id" bigint,
	"breached_on" date,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social"."record_status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_type" text NOT NULL,
	"record_id" bigint NOT NULL,
	"status" text NOT NULL,
	"effective_on" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"cause_type" text NOT NULL,
	"cause_id" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "judicial"."record_status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_type" text NOT NULL,
	"record_id" bigint NOT NULL,
	"status" text NOT NULL,
	"effective_on" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"cause_type" text NOT NULL,
	"cause_id" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "platform"."objection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"record_id" text NOT NULL,
	"record_domain" text NOT NULL,
	"record_type" text NOT NULL,
	"grounds" text NOT NULL,
	"status" text DEFAULT 'VERIFYING' NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline" date NOT NULL,
	"invalid_reason" text,
	"department_name" text,
	"department_uscc" text,
	"record_outcome" text,
	"decision_reason" text,
	"correction" text,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "platform"."repair_application" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"record_id" text NOT NULL,
	"record_domain" text NOT NULL,
	"record_type" text NOT NULL,
	"obligations_fulfilled" text NOT NULL,
	"commitment" text NOT NULL,
	"status" text DEFAULT 'VERIFYING' NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_on" date NOT NULL,
	"feedback_deadline" date NOT NULL,
	"accepted_on" date,
	"decision_deadline" date,
	"repairable_from" date,
	"department_name" text,
	"department_uscc" text,
	"refusal_reason" text,
	"decision_reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "government"."administrative_licence" ADD COLUMN "objection_id" text;--> statement-breakpoint
ALTER TABLE "government"."administrative_penalty" ADD COLUMN "objection_id" text;--> statement-breakpoint
ALTER TABLE "government"."sector_record" ADD COLUMN "objection_id" text;--> statement-breakpoint
ALTER TABLE "business"."sector_record" ADD COLUMN "objection_id" text;--> statement-breakpoint
ALTER TABLE "social"."sector_record" ADD COLUMN "objection_id" text;--> statement-breakpoint
ALTER TABLE "judicial"."sector_record" ADD COLUMN "objection_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "government_status_history_cause" ON "government"."record_status_history" USING btree ("record_type","record_id","cause_type","cause_id");--> statement-breakpoint
CREATE INDEX "government_status_history_record" ON "government"."record_status_history" USING btree ("record_id","record_type","id");--> statement-breakpoint
CREATE UNIQUE INDEX "business_status_history_cause" ON "business"."record_status_history" USING btree ("record_type","record_id","cause_type","cause_id");--> statement-breakpoint
CREATE INDEX "business_status_history_record" ON "business"."record_status_history" USING btree ("record_id","record_type","id");--> statement-breakpoint
CREATE INDEX "credit_commitment_subject" ON "business"."credit_commitment" USING btree ("subject_uscc","made_on","id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_commitment_source" ON "business"."credit_commitment" USING btree ("source_key");--> statement-breakpoint
CREATE UNIQUE INDEX "social_status_history_cause" ON "social"."record_status_history" USING btree ("record_type","record_id","cause_type","cause_id");--> statement-breakpoint
CREATE INDEX "social_status_history_record" ON "social"."record_status_history" USING btree ("record_id","record_type","id");--> statement-breakpoint
CREATE UNIQUE INDEX "judicial_status_history_cause" ON "judicial"."record_status_history" USING btree ("record_type","record_id","cause_type","cause_id");--> statement-breakpoint
CREATE INDEX "judicial_status_history_record" ON "judicial"."record_status_history" USING btree ("record_id","record_type","id");--> statement-breakpoint
CREATE INDEX "objection_subject" ON "platform"."objection" USING btree ("subject_id","filed_at");--> statement-breakpoint
CREATE INDEX "objection_department" ON "platform"."objection" USING btree ("department_uscc","status","deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "objection_open_record" ON "platform"."objection" USING btree ("record_id") WHERE status in ('VERIFYING', 'UNDER_REVIEW');--> statement-breakpoint
CREATE INDEX "repair_application_subject" ON "platform"."repair_application" USING btree ("subject_id","applied_at");--> statement-breakpoint
CREATE INDEX "repair_application_department" ON "platform"."repair_application" USING btree ("department_uscc","status","decision_deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_application_open_record" ON "platform"."repair_application" USING btree ("record_id") WHERE status in ('VERIFYING', 'UNDER_REVIEW');