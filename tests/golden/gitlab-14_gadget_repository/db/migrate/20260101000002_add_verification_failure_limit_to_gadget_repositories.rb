# frozen_string_literal: true

class AddVerificationFailureLimitToGadgetRepositories < ActiveRecord::Migration[6.1]
  include Gitlab::Database::MigrationHelpers

  disable_ddl_transaction!

  CONSTRAINT_NAME = 'gadget_repositories_verification_failure_text_limit'

  def up
    add_text_limit :gadget_repositories, :verification_failure, 255, constraint_name: CONSTRAINT_NAME
  end

  def down
    remove_check_constraint(:gadget_repositories, CONSTRAINT_NAME)
  end
end
