# frozen_string_literal: true

class AddVerificationFailureLimitToWidgets < ActiveRecord::Migration[6.1]
  include Gitlab::Database::MigrationHelpers

  disable_ddl_transaction!

  CONSTRAINT_NAME = 'widgets_verification_failure_text_limit'

  def up
    add_text_limit :widgets, :verification_failure, 255, constraint_name: CONSTRAINT_NAME
  end

  def down
    remove_check_constraint(:widgets, CONSTRAINT_NAME)
  end
end
