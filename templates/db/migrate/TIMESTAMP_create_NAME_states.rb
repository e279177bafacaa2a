# frozen_string_literal: true

class Create{{ n.class }}States < {{ c.migration_class }}
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
    unless table_exists?(:{{ n.name }}_states)
      with_lock_retries do
        create_table :{{ n.name }}_states, id: false do |t|
          t.references :{{ n.name }}, primary_key: true, default: nil, index: false, foreign_key: { on_delete: :cascade }
          t.integer :verification_state, default: 0, limit: 2, null: false
          t.column :verification_started_at, :datetime_with_timezone
          t.datetime_with_timezone :verification_retry_at
          t.datetime_with_timezone :verified_at
          t.integer :verification_retry_count, limit: 2
          t.binary :verification_checksum, using: 'verification_checksum::bytea'
          t.text :verification_failure

          t.index :verification_state, name: VERIFICATION_STATE_INDEX_NAME
          t.index :verified_at, where: "(verification_state = 0)", order: { verified_at: 'ASC NULLS FIRST' }, name: PENDING_VERIFICATION_INDEX_NAME
          t.index :verification_retry_at, where: "(verification_state = 3)", order: { verification_retry_at: 'ASC NULLS FIRST' }, name: FAILED_VERIFICATION_INDEX_NAME
          t.index :verification_state, where: "(verification_state = 0 OR verification_state = 3)", name: NEEDS_VERIFICATION_INDEX_NAME
        end
      end
    end

    add_text_limit :{{ n.name }}_states, :verification_failure, 255
  end

  def down
    drop_table :{{ n.name }}_states
  end
end
