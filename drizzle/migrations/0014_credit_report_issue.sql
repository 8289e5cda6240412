CREATE TABLE "platform"."credit_report_issue" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_uscc" char(18) NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"access_level" text NOT NULL,
	"caller_kind" text NOT NULL,
	"caller_id" text,
	"purpose" text,
	"document_sha256" char(64) NOT NULL,
	"kid" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "credit_report_issue_subject" ON "platform"."credit_report_issue" USING btree ("subject_uscc","issued_at");