# frozen_string_literal: true

class AddVerificationStateTo{{ table_class }} < {{ c.migration_class }}
{% if c.downtime %}  DOWNTIME = false

{% endif %}  def change
    change_table(:{{ n.table }}) do |t|
      t.column :verification_retry_at, :datetime_with_timezone
      t.column :verified_at, :datetime_with_timezone
      t.integer :verification_retry_count, limit: 2
      t.binary :verification_checksum, using: 'verification_checksum::bytea'

      # rubocop:disable Migration/AddLimitToTextColumns
      # limit is added in {{ c.limit_migration }}
      t.text :verification_failure
      # rubocop:enable Migration/AddLimitToTextColumns
    end
  end
end
