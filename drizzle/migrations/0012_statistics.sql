CREATE TABLE "platform"."department_monthly_rejection" (
	"month" char(7) NOT NULL,
	"department_uscc" char(18) NOT NULL,
	"reason" text NOT NULL,
	"rows" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "department_monthly_rejection_month_department_uscc_reason_pk" PRIMARY KEY("month","department_uscc","reason")
);
--> statement-breakpoint
CREATE TABLE "platform"."department_monthly_statistics" (
	"month" char(7) NOT NULL,
	"department_uscc" char(18) NOT NULL,
	"domain" text NOT NULL,
	"record_type" text NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"publication_decisions" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "department_monthly_statistics_month_department_uscc_domain_record_type_pk" PRIMARY KEY("month","department_uscc","domain","record_type")
);
--> statement-breakpoint
CREATE TABLE "platform"."early_warning" (
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"rule" text NOT NULL,
	"detected_on" date NOT NULL,
	"window_days" integer NOT NULL,
	"current_count" integer NOT NULL,
	"previous_count" integer NOT NULL,
	"district" text NOT NULL,
	"industry" text NOT NULL,
	"evidence" jsonb NOT NULL,
	CONSTRAINT "early_warning_subject_type_subject_id_rule_pk" PRIMARY KEY("subject_type","subject_id","rule")
);
--> statement-breakpoint
CREATE TABLE "platform"."record_statistics" (
	"month" char(7) NOT NULL,
	"domain" text NOT NULL,
	"district" text NOT NULL,
	"industry" text NOT NULL,
	"records" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"penalties" integer DEFAULT 0 NOT NULL,
	"withdrawn" integer DEFAULT 0 NOT NULL,
	"red" integer DEFAULT 0 NOT NULL,
	"key_attention" integer DEFAULT 0 NOT NULL,
	"black" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "record_statistics_month_domain_district_industry_pk" PRIMARY KEY("month","domain","district","industry")
);
--> statement-breakpoint
CREATE TABLE "platform"."sanction_feedback_daily" (
	"department_code" text NOT NULL,
	"checked_on" date NOT NULL,
	"cases" integer DEFAULT 0 NOT NULL,
	"with_feedback" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sanction_feedback_daily_department_code_checked_on_pk" PRIMARY KEY("department_code","checked_on")
);
--> statement-breakpoint
CREATE TABLE "platform"."statistics_applied_event" (
	"topic" text NOT NULL,
	"key" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statistics_applied_event_topic_key_pk" PRIMARY KEY("topic","key")
);
--> statement-breakpoint
CREATE TABLE "platform"."subject_recent_negatives" (
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"records" jsonb NOT NULL,
	CONSTRAINT "subject_recent_negatives_subject_type_subject_id_pk" PRIMARY KEY("subject_type","subject_id")
);
--> statement-breakpoint
CREATE INDEX "early_warning_detected" ON "platform"."early_warning" USING btree ("detected_on");--> statement-breakpoint
CREATE INDEX "early_warning_cell" ON "platform"."early_warning" USING btree ("district","industry","detected_on");--> statement-breakpoint
CREATE INDEX "sanction_feedback_daily_day" ON "platform"."sanction_feedback_daily" USING btree ("checked_on");