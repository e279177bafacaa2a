# frozen_string_literal: true

class AddVerificationFailureLimitAndIndexToSnippetRepositories < ActiveRecord::Migration[6.0]
  include Gitlab::Database::MigrationHelpers

  DOWNTIME = false

  disable_ddl_transaction!

  def up
    add_concurrent_index :snippet_repositories, :verification_failure, where: "(verification_failure IS NOT NULL)", name: "snippet_repositories_verification_failure_partial"
    add_concurrent_index :snippet_repositories, :verification_checksum, where: "(verification_checksum IS NOT NULL)", name: "snippet_repositories_verification_checksum_partial"
    add_text_limit :snippet_repositories, :verification_failure, 255
  end

  def down
    remove_concurrent_index :snippet_repositories, :verification_failure
    remove_concurrent_index :snippet_repositories, :verification_checksum
    remove_text_limit :snippet_repositories, :verification_failure
  end
end
