# frozen_string_literal: true

class AddVerificationFailureLimitAndIndexTo{{ table_class }} < {{ c.migration_class }}
  include Gitlab::Database::MigrationHelpers
{% if c.downtime %}
  DOWNTIME = false
{% endif %}
  disable_ddl_transaction!

  def up
    add_concurrent_index :{{ n.table }}, :verification_failure, where: "(verification_failure IS NOT NULL)", name: "{{ n.table }}_verification_failure_partial"
    add_concurrent_index :{{ n.table }}, :verification_checksum, where: "(verification_checksum IS NOT NULL)", name: "{{ n.table }}_verification_checksum_partial"
    add_text_limit :{{ n.table }}, :verification_failure, 255
  end

  def down
    remove_concurrent_index :{{ n.table }}, :verification_failure
    remove_concurrent_index :{{ n.table }}, :verification_checksum
    remove_text_limit :{{ n.table }}, :verification_failure
  end
end
