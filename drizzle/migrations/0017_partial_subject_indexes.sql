DROP INDEX "government"."administrative_licence_subject";--> statement-breakpoint
DROP INDEX "government"."administrative_licence_person";--> statement-breakpoint
DROP INDEX "government"."administrative_penalty_subject";--> statement-breakpoint
DROP INDEX "government"."administrative_penalty_person";--> statement-breakpoint
DROP INDEX "government"."government_sector_record_subject";--> statement-breakpoint
DROP INDEX "government"."government_sector_record_person";--> statement-breakpoint
DROP INDEX "business"."business_sector_record_subject";--> statement-breakpoint
DROP INDEX "business"."business_sector_record_person";--> statement-breakpoint
DROP INDEX "social"."social_sector_record_subject";--> statement-breakpoint
DROP INDEX "social"."social_sector_record_person";--> statement-breakpoint
DROP INDEX "judicial"."judicial_sector_record_subject";--> statement-breakpoint
DROP INDEX "judicial"."judicial_sector_record_person";--> statement-breakpoint
CREATE INDEX "administrative_licence_subject" ON "government"."administrative_licence" USING btree ("subject_uscc","decision_date","id") WHERE "government"."administrative_licence"."subject_uscc" is not null;--> statement-breakpoint
CREATE INDEX "administrative_licence_person" ON "government"."administrative_licence" USING btree ("subject_person_id","decision_date","id") WHERE "government"."administrative_licence"."subject_person_id" is not null;--> statement-breakpoint
CREATE INDEX "administrative_penalty_subject" ON "government"."administrative_penalty" USING btree ("subject_uscc","decision_date","id") WHERE "government"."administrative_penalty"."subject_uscc" is not null;--> statement-breakpoint
CREATE INDEX "administrative_penalty_person" ON "government"."administrative_penalty" USING btree ("subject_person_id","decision_date","id") WHERE "government"."administrative_penalty"."subject_person_id" is not null;--> statement-breakpoint
CREATE INDEX "government_sector_record_subject" ON "government"."sector_record" USING btree ("subject_uscc","decision_date","id") WHERE "government"."sector_record"."subject_uscc" is not null;--> statement-breakpoint
CREATE INDEX "government_sector_record_person" ON "government"."sector_record" USING btree ("subject_person_id","decision_date","id") WHERE "government"."sector_record"."subject_person_id" is not null;--> statement-breakpoint
CREATE INDEX "business_sector_record_subject" ON "business"."sector_record" USING btree ("subject_uscc","decision_date","id") WHERE "business"."sector_record"."subject_uscc" is not null;--> statement-breakpoint
CREATE INDEX "business_sector_record_person" ON "business"."sector_record" USING btree ("subject_person_id","decision_date","id") WHERE "business"."sector_record"."subject_person_id" is not null;--> statement-breakpoint
CREATE INDEX "social_sector_record_subject" ON "social"."sector_record" USING btree ("subject_uscc","decision_date","id") WHERE "social"."sector_record"."subject_uscc" is not null;--> statement-breakpoint
CREATE INDEX "social_sector_record_person" ON "social"."sector_record" USING btree ("subject_person_id","decision_date","id") WHERE "social"."sector_record"."subject_person_id" is not null;--> statement-breakpoint
CREATE INDEX "judicial_sector_record_subject" ON "judicial"."sector_record" USING btree ("subject_uscc","decision_date","id") WHERE "judicial"."sector_record"."subject_uscc" is not null;--> statement-breakpoint
CREATE INDEX "judicial_sector_record_person" ON "judicial"."sector_record" USING btree ("subject_person_id","decision_date","id") WHERE "judicial"."sector_record"."subject_person_id" is not null;