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
ALTER TABLE "platform"."sanction_feedback" ADD CONSTRAINT "sanction_feedback_case_id_sanction_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "platform"."sanction_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sanction_case_department" ON "platform"."sanction_case" USING btree ("department_code","checked_at","id");--> statement-breakpoint
CREATE INDEX "sanction_case_checked" ON "platform"."sanction_case" USING btree ("checked_at","id");--> statement-breakpoint
CREATE INDEX "sanction_case_subject" ON "platform"."sanction_case" USING btree ("subject_uscc","checked_at");--> statement-breakpoint
CREATE INDEX "sanction_feedback_case" ON "platform"."sanction_feedback" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "sanction_measure_scenario" ON "platform"."sanction_measure" USING btree ("scenario","department_code");