CREATE TABLE "platform"."statistics_applied_event" (
	"topic" text NOT NULL,
	"key" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statistics_applied_event_topic_key_pk" PRIMARY KEY("topic","key")
);
