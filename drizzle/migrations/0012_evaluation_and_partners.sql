CREATE TABLE "platform"."evaluation_grade" (
	"grade" char(1) PRIMARY KEY NOT NULL,
	"min_score" integer,
	"label" text NOT NULL,
	"supervision_level" text NOT NULL,
	"supervision_label" text NOT NULL,
	"inspection_rate_percent" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."evaluation_rule" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"description" text NOT NULL,
	"fact_kind" text,
	"domain" text,
	"record_types" text[],
	"sector" text,
	"category" text,
	"polarity" text,
	"severity" text,
	"list_type" text,
	"window" text DEFAULT 'PUBLIC' NOT NULL,
	"points" integer NOT NULL,
	"cap" integer,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."partner_city" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"recognized_types" text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."partner_key" (
	"partner_code" text NOT NULL,
	"kid" text NOT NULL,
	"jwk" jsonb NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "partner_key_partner_code_kid_pk" PRIMARY KEY("partner_code","kid")
);
--> statement-breakpoint
CREATE TABLE "platform"."partner_recognition" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"partner_code" text NOT NULL,
	"kid" text NOT NULL,
	"jti" text NOT NULL,
	"result_index" integer NOT NULL,
	"subject_uscc" char(18) NOT NULL,
	"result_type" text NOT NULL,
	"grade" char(1),
	"score" integer,
	"list_name" text,
	"authority_name" text,
	"decided_on" text,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"attestation" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."partner_recognition_rule" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"result_type" text NOT NULL,
	"partner_grade" char(1),
	"list_type" text NOT NULL,
	"list_name" text NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_rule_code" ON "platform"."evaluation_rule" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_recognition_jti" ON "platform"."partner_recognition" USING btree ("partner_code","jti","result_index");--> statement-breakpoint
CREATE INDEX "partner_recognition_subject" ON "platform"."partner_recognition" USING btree ("subject_uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_recognition_rule_result" ON "platform"."partner_recognition_rule" USING btree ("result_type",coalesce("partner_grade", ''));