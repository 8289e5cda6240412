ALTER TABLE "platform"."sanction_case" ALTER COLUMN "subject_uscc" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "platform"."sanction_case" ADD COLUMN "subject_person_id" text;--> statement-breakpoint
CREATE INDEX "sanction_case_person" ON "platform"."sanction_case" USING btree ("subject_person_id","checked_at");--> statement-breakpoint
ALTER TABLE "platform"."sanction_case" ADD CONSTRAINT "sanction_case_one_subject" CHECK (("platform"."sanction_case"."subject_uscc" is null) <> ("platform"."sanction_case"."subject_person_id" is null));