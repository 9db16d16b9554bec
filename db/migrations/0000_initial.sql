CREATE TABLE `partners` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`tier_id` text,
	`stage` text DEFAULT 'prospect' NOT NULL,
	`region` text NOT NULL,
	`owner_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partners_name_uq` ON `partners` (`name`);--> statement-breakpoint
CREATE INDEX `partners_created_idx` ON `partners` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `tiers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`rank` integer NOT NULL,
	`protection_days` integer DEFAULT 90 NOT NULL,
	`required_certified_people` integer DEFAULT 0 NOT NULL,
	`required_revenue_minor` integer DEFAULT 0 NOT NULL,
	`required_revenue_currency` text DEFAULT 'USD' NOT NULL,
	`required_won_deals` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tiers_name_uq` ON `tiers` (`name`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`partner_id` text,
	`password_hash` text,
	`status` text DEFAULT 'active' NOT NULL,
	`password_changed_at` integer,
	`last_login_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_partner_idx` ON `users` (`partner_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`name_token` text DEFAULT '' NOT NULL,
	`domain` text,
	`registrable_domain` text,
	`crm_id` text,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customers_domain_idx` ON `customers` (`registrable_domain`);--> statement-breakpoint
CREATE INDEX `customers_name_key_idx` ON `customers` (`name_key`);--> statement-breakpoint
CREATE INDEX `customers_name_token_idx` ON `customers` (`name_token`);--> statement-breakpoint
CREATE INDEX `customers_name_idx` ON `customers` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `customers_crm_idx` ON `customers` (`crm_id`);--> statement-breakpoint
CREATE TABLE `deal_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`deal_id` text NOT NULL,
	`conflicting_deal_id` text,
	`customer_id` text,
	`other_partner_id` text,
	`reason` text NOT NULL,
	`score` real,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deal_conflicts_deal_idx` ON `deal_conflicts` (`deal_id`);--> statement-breakpoint
CREATE INDEX `deal_conflicts_other_idx` ON `deal_conflicts` (`conflicting_deal_id`);--> statement-breakpoint
CREATE TABLE `deal_events` (
	`id` text PRIMARY KEY NOT NULL,
	`deal_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`type` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`reason` text,
	`details` text,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deal_events_deal_idx` ON `deal_events` (`deal_id`,`at`);--> statement-breakpoint
CREATE INDEX `deal_events_type_at_idx` ON `deal_events` (`type`,`at`);--> statement-breakpoint
CREATE TABLE `deal_products` (
	`deal_id` text NOT NULL,
	`product_id` text NOT NULL,
	PRIMARY KEY(`deal_id`, `product_id`),
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `deals` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`created_by` text,
	`customer_name` text NOT NULL,
	`customer_name_key` text NOT NULL,
	`customer_name_token` text DEFAULT '' NOT NULL,
	`customer_domain` text NOT NULL,
	`registrable_domain` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_email` text NOT NULL,
	`contact_title` text,
	`country` text NOT NULL,
	`estimated_value_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`expected_close_date` text NOT NULL,
	`notes` text,
	`status` text NOT NULL,
	`has_conflict` integer DEFAULT false NOT NULL,
	`submitted_at` integer NOT NULL,
	`first_decision_at` integer,
	`approved_at` integer,
	`expires_at` integer,
	`expiring_notified_at` integer,
	`extension_requested_at` integer,
	`extension_reason` text,
	`rejection_code` text,
	`decision_reason` text,
	`won_amount_minor` integer,
	`close_date` text,
	`lost_reason` text,
	`crm_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deals_partner_created_idx` ON `deals` (`partner_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `deals_creator_created_idx` ON `deals` (`created_by`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `deals_status_submitted_idx` ON `deals` (`status`,`submitted_at`,`id`);--> statement-breakpoint
CREATE INDEX `deals_domain_status_idx` ON `deals` (`registrable_domain`,`status`);--> statement-breakpoint
CREATE INDEX `deals_name_key_status_idx` ON `deals` (`customer_name_key`,`status`);--> statement-breakpoint
CREATE INDEX `deals_name_token_status_idx` ON `deals` (`customer_name_token`,`status`);--> statement-breakpoint
CREATE INDEX `deals_created_idx` ON `deals` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `deals_partner_value_idx` ON `deals` (`partner_id`,`estimated_value_minor`,`id`);--> statement-breakpoint
CREATE INDEX `deals_partner_close_idx` ON `deals` (`partner_id`,`expected_close_date`,`id`);--> statement-breakpoint
CREATE INDEX `deals_value_idx` ON `deals` (`estimated_value_minor`,`id`);--> statement-breakpoint
CREATE INDEX `deals_expected_close_idx` ON `deals` (`expected_close_date`,`id`);--> statement-breakpoint
CREATE INDEX `deals_updated_idx` ON `deals` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `deals_expires_idx` ON `deals` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `deals_close_idx` ON `deals` (`status`,`close_date`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sku` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_uq` ON `products` (`sku`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text,
	`partner_id` text,
	`ip` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_object_idx` ON `audit_log` (`object_type`,`object_id`);--> statement-breakpoint
CREATE INDEX `audit_partner_idx` ON `audit_log` (`partner_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`partner_id` text,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`data` text NOT NULL,
	`enqueued_at` integer
);
--> statement-breakpoint
CREATE INDEX `events_pending_idx` ON `events` (`enqueued_at`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `events_subject_idx` ON `events` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `events_occurred_idx` ON `events` (`occurred_at`,`id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `api_tokens_created_idx` ON `api_tokens` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`partner_id` text,
	`invited_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_user_id` text,
	`revoked_at` integer,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_uq` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_email_idx` ON `invitations` (`email`);--> statement-breakpoint
CREATE INDEX `invitations_partner_idx` ON `invitations` (`partner_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invitations_created_idx` ON `invitations` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`revoked_at` integer,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`,`revoked_at`);--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`status_code` integer,
	`duration_ms` integer NOT NULL,
	`response_excerpt` text,
	`error` text,
	`next_retry_at` integer
);
--> statement-breakpoint
CREATE INDEX `webhook_attempts_message_idx` ON `webhook_attempts` (`message_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `webhook_attempts_endpoint_idx` ON `webhook_attempts` (`endpoint_id`,`at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`description` text,
	`events` text,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`disabled_at` integer,
	`secret_ciphertext` text NOT NULL,
	`secret_key_id` text NOT NULL,
	`previous_secret_ciphertext` text,
	`previous_secret_key_id` text,
	`previous_secret_expires_at` integer,
	`failing_since` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_created_idx` ON `webhook_endpoints` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `webhook_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`endpoint_id` text NOT NULL,
	`event_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_attempt_at` integer,
	`last_status` integer,
	`last_error` text,
	`delivered_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_messages_endpoint_event_uq` ON `webhook_messages` (`endpoint_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_messages_endpoint_created_idx` ON `webhook_messages` (`endpoint_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_messages_endpoint_status_idx` ON `webhook_messages` (`endpoint_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_messages_due_idx` ON `webhook_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `content_assets` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`category` text NOT NULL,
	`tags` text NOT NULL,
	`min_tier_id` text,
	`partner_types` text NOT NULL,
	`status` text NOT NULL,
	`expires_at` integer,
	`published_at` integer,
	`version` integer NOT NULL,
	`object_key` text NOT NULL,
	`file_name` text NOT NULL,
	`size` integer NOT NULL,
	`content_type` text NOT NULL,
	`sha256` text NOT NULL,
	`download_count` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`min_tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `content_assets_created_idx` ON `content_assets` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `content_assets_popular_idx` ON `content_assets` (`download_count`,`id`);--> statement-breakpoint
CREATE TABLE `content_downloads` (
	`id` text PRIMARY KEY NOT NULL,
	`asset_id` text NOT NULL,
	`version` integer NOT NULL,
	`user_id` text,
	`partner_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `content_assets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `content_downloads_asset_idx` ON `content_downloads` (`asset_id`,`at`);--> statement-breakpoint
CREATE INDEX `content_downloads_partner_idx` ON `content_downloads` (`asset_id`,`partner_id`);--> statement-breakpoint
CREATE TABLE `content_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`asset_id` text NOT NULL,
	`version` integer NOT NULL,
	`object_key` text NOT NULL,
	`file_name` text NOT NULL,
	`size` integer NOT NULL,
	`content_type` text NOT NULL,
	`sha256` text NOT NULL,
	`restored_from` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `content_assets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `content_versions_asset_version_uq` ON `content_versions` (`asset_id`,`version`);--> statement-breakpoint
CREATE TABLE `certification_programs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`level` text NOT NULL,
	`validity_months` integer,
	`course_url` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certification_programs_name_uq` ON `certification_programs` (`name`);--> statement-breakpoint
CREATE TABLE `certifications` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`user_id` text NOT NULL,
	`program_id` text NOT NULL,
	`earned_on` text NOT NULL,
	`expires_on` text,
	`credential_id` text,
	`status` text NOT NULL,
	`rejection_reason` text,
	`decided_at` integer,
	`decided_by` text,
	`evidence_key` text,
	`evidence_type` text,
	`evidence_size` integer,
	`expiring_notified_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `certification_programs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `certifications_partner_created_idx` ON `certifications` (`partner_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `certifications_user_program_idx` ON `certifications` (`user_id`,`program_id`,`earned_on`);--> statement-breakpoint
CREATE INDEX `certifications_status_expires_idx` ON `certifications` (`status`,`expires_on`);--> statement-breakpoint
CREATE INDEX `certifications_created_idx` ON `certifications` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `partner_onboarding` (
	`partner_id` text PRIMARY KEY NOT NULL,
	`agreement_signed_on` text,
	`agreement_ticked_by` text,
	`agreement_ticked_at` integer,
	`at_risk_reasons` text,
	`at_risk_proposed_at` integer,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `partner_stage_history` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`from_stage` text,
	`to_stage` text NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`reason` text,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partner_stage_history_partner_idx` ON `partner_stage_history` (`partner_id`,`at`);--> statement-breakpoint
CREATE TABLE `tier_program_requirements` (
	`tier_id` text NOT NULL,
	`program_id` text NOT NULL,
	`people` integer NOT NULL,
	PRIMARY KEY(`tier_id`, `program_id`),
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `certification_programs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tier_proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`from_tier_id` text,
	`to_tier_id` text,
	`direction` text NOT NULL,
	`status` text NOT NULL,
	`facts` text NOT NULL,
	`proposed_at` integer NOT NULL,
	`approvable_from` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	`note` text,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tier_proposals_open_uq` ON `tier_proposals` (`partner_id`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `tier_proposals_status_idx` ON `tier_proposals` (`status`,`proposed_at`,`id`);--> statement-breakpoint
CREATE TABLE `mail_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`type` text NOT NULL,
	`to_address` text NOT NULL,
	`user_id` text,
	`content` text,
	`sealed` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_error` text,
	`sent_at` integer,
	`provider_message_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_messages_dedupe_uq` ON `mail_messages` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `mail_messages_due_idx` ON `mail_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `mail_messages_user_status_idx` ON `mail_messages` (`user_id`,`status`);--> statement-breakpoint
CREATE TABLE `notification_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`email_off` text NOT NULL,
	`team_deals` integer DEFAULT false NOT NULL,
	`daily_digest` integer DEFAULT false NOT NULL,
	`last_digest_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`link` text,
	`subject_type` text,
	`subject_id` text,
	`dedupe_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_user_dedupe_uq` ON `notifications` (`user_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notifications_user_created_idx` ON `notifications` (`user_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_user_unread_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `password_resets` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_resets_token_uq` ON `password_resets` (`token_hash`);--> statement-breakpoint
CREATE INDEX `password_resets_user_idx` ON `password_resets` (`user_id`,`created_at`);