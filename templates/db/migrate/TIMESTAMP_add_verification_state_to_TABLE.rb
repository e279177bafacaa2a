# frozen_string_literal: true

class AddVerificationStateTo{{ table_class }} < {{ c.migration_class }}
{% if c.downtime %}  DOWNTIME = false

{% endif %}  def change
    add_column :{{ n.table }}, :verification_retry_at, :datetime_with_timezone
    add_column :{{ n.table }}, :verified_at, :datetime_with_timezone
    add_column :{{ n.table }}, :verification_checksum, :binary, using: 'verification_checksum::bytea'
    add_column :{{ n.table }}, :verification_failure, :string
    add_column :{{ n.table }}, :verification_retry_count, :integer
  end
end
