# frozen_string_literal: true

class AddVerificationFailureLimitAndIndexToWidgets < ActiveRecord::Migration[6.0]
  include Gitlab::Database::MigrationHelpers

  DOWNTIME = false

  disable_ddl_transaction!

  def up
    add_concurrent_index :widgets, :verification_failure, where: "(verification_failure IS NOT NULL)", name: "widgets_verification_failure_partial"
    add_concurrent_index :widgets, :verification_checksum, where: "(verification_checksum IS NOT NULL)", name: "widgets_verification_checksum_partial"
    add_text_limit :widgets, :verification_failure, 255
  end

  def down
    remove_concurrent_index :widgets, :verification_failure
    remove_concurrent_index :widgets, :verification_checksum
    remove_text_limit :widgets, :verification_failure
  end
end
