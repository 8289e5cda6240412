CREATE TABLE "access"."department" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"uscc" char(18) NOT NULL,
	"write_domains" text[] NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "government"."administrative_licence" ADD COLUMN "published_date" date;--> statement-breakpoint
ALTER TABLE "government"."administrative_licence" ADD COLUMN "publication_deadline" date;--> statement-breakpoint
ALTER TABLE "government"."administrative_licence" ADD COLUMN "status" text DEFAULT 'PUBLISHED' NOT NULL;--> statement-breakpoint
ALTER TABLE "government"."administrative_penalty" ADD COLUMN "published_date" date;--> statement-breakpoint
ALTER TABLE "government"."administrative_penalty" ADD COLUMN "publication_deadline" date;--> statement-breakpoint
ALTER TABLE "government"."administrative_penalty" ADD COLUMN "status" text DEFAULT 'PUBLISHED' NOT NULL;--> statement-breakpoint
ALTER TABLE "government"."administrative_penalty" ADD COLUMN "severity" text DEFAULT 'GENERAL' NOT NULL;--> statement-breakpoint
CREATE INDEX "administrative_licence_timeliness" ON "government"."administrative_licence" USING btree ("source_uscc","decision_date");--> statement-breakpoint
CREATE INDEX "administrative_penalty_timeliness" ON "government"."administrative_penalty" USING btree ("source_uscc","decision_date");