ALTER TABLE "sessions" ADD COLUMN "job_description" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "question_reasons" jsonb;