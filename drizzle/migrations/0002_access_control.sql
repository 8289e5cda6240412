CREATE SCHEMA "access";
--> statement-breakpoint
CREATE TABLE "access"."agency" (
	"uscc" char(18) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"licence_number" text NOT NULL,
	"allowed_purposes" text[] NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"status_reason" text,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access"."agency_violation" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agency_uscc" char(18) NOT NULL,
	"occurred_on" date NOT NULL,
	"description" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access"."consent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"agency_uscc" char(18) NOT NULL,
	"purpose" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "access"."query_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"caller_kind" text NOT NULL,
	"caller_id" text,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"fields" text[] NOT NULL,
	"purpose" text,
	"accessed_at" timestamp with time zone NOT NULL,
	"sealed_at" timestamp with time zone NOT NULL,
	"prev_hash" char(64) NOT NULL,
	"hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access"."query_log_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"caller_kind" text NOT NULL,
	"caller_id" text,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"fields" text[] NOT NULL,
	"purpose" text,
	"accessed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access"."agency_violation" ADD CONSTRAINT "agency_violation_agency_uscc_agency_uscc_fk" FOREIGN KEY ("agency_uscc") REFERENCES "access"."agency"("uscc") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_violation_agency" ON "access"."agency_violation" USING btree ("agency_uscc");--> statement-breakpoint
CREATE INDEX "consent_subject_agency" ON "access"."consent" USING btree ("subject_id","agency_uscc");--> statement-breakpoint
CREATE INDEX "query_log_subject" ON "access"."query_log" USING btree ("subject_id","accessed_at");--> statement-breakpoint
CREATE INDEX "query_log_caller" ON "access"."query_log" USING btree ("caller_id","accessed_at");--> statement-breakpoint
CREATE INDEX "query_log_accessed" ON "access"."query_log" USING btree ("accessed_at");