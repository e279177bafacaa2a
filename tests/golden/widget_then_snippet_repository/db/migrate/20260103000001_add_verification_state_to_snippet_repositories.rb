# frozen_string_literal: true

class AddVerificationStateToSnippetRepositories < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  def change
    add_column :snippet_repositories, :verification_retry_at, :datetime_with_timezone
    add_column :snippet_repositories, :verified_at, :datetime_with_timezone
    add_column :snippet_repositories, :verification_checksum, :binary, using: 'verification_checksum::bytea'
    add_column :snippet_repositories, :verification_failure, :string
    add_column :snippet_repositories, :verification_retry_count, :integer
  end
end
