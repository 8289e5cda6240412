CREATE TABLE "platform"."watch" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"purpose" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."watch_alert" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"purpose" text,
	"kind" text NOT NULL,
	"event_seq" bigint NOT NULL,
	"item" text NOT NULL,
	"record_id" text,
	"domain" text,
	"record_type" text,
	"category" text,
	"severity" text,
	"decision_date" date,
	"list_type" text,
	"list_name" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."watch_delivery" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" bigint NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_response_status" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."watch_webhook" (
	"owner_kind" text NOT NULL,
	"owner_id" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"secret_rotated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "platform"."watch_delivery" ADD CONSTRAINT "watch_delivery_alert_id_watch_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "platform"."watch_alert"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "watch_owner_subject" ON "platform"."watch" USING btree ("owner_kind","owner_id","subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "watch_subject" ON "platform"."watch" USING btree ("subject_id","subject_type");--> statement-breakpoint
CREATE INDEX "watch_owner_page" ON "platform"."watch" USING btree ("owner_kind","owner_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "watch_alert_once" ON "platform"."watch_alert" USING btree ("owner_kind","owner_id","event_seq","item");--> statement-breakpoint
CREATE INDEX "watch_alert_owner_page" ON "platform"."watch_alert" USING btree ("owner_kind","owner_id","id");--> statement-breakpoint
CREATE INDEX "watch_alert_listing_record" ON "platform"."watch_alert" USING btree ("record_id") WHERE kind = 'NEW_LISTING';--> statement-breakpoint
CREATE UNIQUE INDEX "watch_delivery_alert" ON "platform"."watch_delivery" USING btree ("alert_id");--> statement-breakpoint
CREATE INDEX "watch_delivery_due" ON "platform"."watch_delivery" USING btree ("next_attempt_at") WHERE status = 'PENDING';--> statement-breakpoint
CREATE UNIQUE INDEX "watch_webhook_owner" ON "platform"."watch_webhook" USING btree ("owner_kind","owner_id");