# frozen_string_literal: true

class AddVerificationStateToTerraformStates < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  def change
    add_column :terraform_states, :verification_retry_at, :datetime_with_timezone
    add_column :terraform_states, :verified_at, :datetime_with_timezone
    add_column :terraform_states, :verification_checksum, :binary, using: 'verification_checksum::bytea'
    add_column :terraform_states, :verification_failure, :string
    add_column :terraform_states, :verification_retry_count, :integer
  end
end
