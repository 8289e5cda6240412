ALTER TABLE "business"."tax_credit_rating" ADD COLUMN "status" text DEFAULT 'PUBLISHED' NOT NULL;--> statement-breakpoint
ALTER TABLE "business"."tax_credit_rating" ADD COLUMN "objection_id" text;--> statement-breakpoint
ALTER TABLE "social"."wage_arrears_record" ADD COLUMN "status" text DEFAULT 'PUBLISHED' NOT NULL;--> statement-breakpoint
ALTER TABLE "social"."wage_arrears_record" ADD COLUMN "objection_id" text;--> statement-breakpoint
ALTER TABLE "judicial"."dishonest_judgment_debtor" ADD COLUMN "court_uscc" char(18);--> statement-breakpoint
ALTER TABLE "judicial"."dishonest_judgment_debtor" ADD COLUMN "status" text DEFAULT 'PUBLISHED' NOT NULL;--> statement-breakpoint
ALTER TABLE "judicial"."dishonest_judgment_debtor" ADD COLUMN "objection_id" text;--> statement-breakpoint
-- Rows received before the court's USCC was recorded take it from the registered court of that name, once.
UPDATE "judicial"."dishonest_judgment_debtor" d SET "court_uscc" = dep."uscc" FROM "access"."department" dep WHERE d."court_uscc" IS NULL AND dep."name" = d."court_name";
