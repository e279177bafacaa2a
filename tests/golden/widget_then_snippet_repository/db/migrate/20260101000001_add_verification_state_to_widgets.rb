# frozen_string_literal: true

class AddVerificationStateToWidgets < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  def change
    add_column :widgets, :verification_retry_at, :datetime_with_timezone
    add_column :widgets, :verified_at, :datetime_with_timezone
    add_column :widgets, :verification_checksum, :binary, using: 'verification_checksum::bytea'
    add_column :widgets, :verification_failure, :string
    add_column :widgets, :verification_retry_count, :integer
  end
end
