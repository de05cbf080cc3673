CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"session_id" uuid NOT NULL,
	"grade_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "llm_calls" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_grade_id_grades_id_fk" FOREIGN KEY ("grade_id") REFERENCES "public"."grades"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_grade_uq" ON "jobs" USING btree ("grade_id");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_debrief_uq" ON "jobs" USING btree ("session_id") WHERE kind = 'debrief';--> statement-breakpoint
CREATE INDEX "jobs_open_idx" ON "jobs" USING btree ("run_after") WHERE status in ('queued', 'running');--> statement-breakpoint
UPDATE "llm_calls" SET "completed_at" = "created_at";--> statement-breakpoint
UPDATE "grades" SET "status" = 'pending' WHERE "status" = 'running';--> statement-breakpoint
INSERT INTO "jobs" ("kind", "session_id", "grade_id") SELECT 'grade', "session_id", "id" FROM "grades" WHERE "status" = 'pending';
