# frozen_string_literal: true

class AddVerificationIndexesTo{{ table_class }} < {{ c.migration_class }}
  include Gitlab::Database::MigrationHelpers
{% if c.downtime %}
  DOWNTIME = false
{% endif %}
  VERIFICATION_STATE_INDEX_NAME = "{{ c.verification_indexes[0] }}"
  PENDING_VERIFICATION_INDEX_NAME = "{{ c.verification_indexes[1] }}"
  FAILED_VERIFICATION_INDEX_NAME = "{{ c.verification_indexes[2] }}"
  NEEDS_VERIFICATION_INDEX_NAME = "{{ c.verification_indexes[3] }}"

  disable_ddl_transaction!

  def up
    add_concurrent_index :{{ n.table }}, :verification_state, name: VERIFICATION_STATE_INDEX_NAME
    add_concurrent_index :{{ n.table }}, :verified_at, where: "(verification_state = 0)", order: { verified_at: 'ASC NULLS FIRST' }, name: PENDING_VERIFICATION_INDEX_NAME
    add_concurrent_index :{{ n.table }}, :verification_retry_at, where: "(verification_state = 3)", order: { verification_retry_at: 'ASC NULLS FIRST' }, name: FAILED_VERIFICATION_INDEX_NAME
    add_concurrent_index :{{ n.table }}, :verification_state, where: "(verification_state = 0 OR verification_state = 3)", name: NEEDS_VERIFICATION_INDEX_NAME
  end

  def down
    remove_concurrent_index_by_name :{{ n.table }}, VERIFICATION_STATE_INDEX_NAME
    remove_concurrent_index_by_name :{{ n.table }}, PENDING_VERIFICATION_INDEX_NAME
    remove_concurrent_index_by_name :{{ n.table }}, FAILED_VERIFICATION_INDEX_NAME
    remove_concurrent_index_by_name :{{ n.table }}, NEEDS_VERIFICATION_INDEX_NAME
  end
end
