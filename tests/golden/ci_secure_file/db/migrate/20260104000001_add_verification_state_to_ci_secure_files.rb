# frozen_string_literal: true

class AddVerificationStateToCiSecureFiles < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  def change
    add_column :ci_secure_files, :verification_retry_at, :datetime_with_timezone
    add_column :ci_secure_files, :verified_at, :datetime_with_timezone
    add_column :ci_secure_files, :verification_checksum, :binary, using: 'verification_checksum::bytea'
    add_column :ci_secure_files, :verification_failure, :string
    add_column :ci_secure_files, :verification_retry_count, :integer
  end
end
