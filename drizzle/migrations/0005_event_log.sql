CREATE SCHEMA "events";
--> statement-breakpoint
CREATE TABLE "events"."delivery" (
	"consumer" text NOT NULL,
	"seq" bigint NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"done_at" timestamp with time zone,
	CONSTRAINT "delivery_consumer_seq_pk" PRIMARY KEY("consumer","seq")
);
--> statement-breakpoint
CREATE TABLE "events"."event" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"key" text NOT NULL,
	"producer" text NOT NULL,
	"subject_type" text,
	"subject_id" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events"."delivery" ADD CONSTRAINT "delivery_seq_event_seq_fk" FOREIGN KEY ("seq") REFERENCES "events"."event"("seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivery_status" ON "events"."delivery" USING btree ("consumer","status","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "event_topic_key" ON "events"."event" USING btree ("topic","key");--> statement-breakpoint
CREATE INDEX "event_subject" ON "events"."event" USING btree ("subject_id","seq");