# frozen_string_literal: true

class Create{{ n.registry_class }} < {{ p.migration_class.value }}
{%- if p.migration_milestone.value %}
  milestone '{{ f.milestone }}'
{%- endif %}

  def change
    create_table :{{ n.registry_table }}, id: :bigserial, {% if generator %}if_not_exists: true{% else %}force: :cascade{% endif %} do |t|
      t.bigint :{{ n.foreign_key }}, null: false
      t.datetime_with_timezone :created_at, null: false
      t.datetime_with_timezone :last_synced_at
      t.datetime_with_timezone :retry_at
      t.datetime_with_timezone :verified_at
      t.datetime_with_timezone :verification_started_at
      t.datetime_with_timezone :verification_retry_at
      t.integer :state, default: 0, null: false, limit: 2
      t.integer :verification_state, default: 0, null: false, limit: 2
      t.integer :retry_count, default: 0, limit: 2, null: false
      t.integer :verification_retry_count, default: 0, limit: 2, null: false
      t.boolean :checksum_mismatch, default: false, null: false
{%- if repo && !generator %}
      t.boolean :missing_on_primary, default: false, null: false
{%- endif %}
      t.binary :verification_checksum
      t.binary :verification_checksum_mismatched
      t.text :verification_failure, limit: 255
      t.text :last_sync_failure, limit: 255

      t.index :{{ n.foreign_key }}, name: :{{ f.registry_fk_index }}, unique: true
      t.index :retry_at
      t.index :state
      # To optimize performance of {{ n.registry_class }}.verification_failed_batch
      t.index :verification_retry_at,
        name: :{{ n.registry_table }}_failed_verification,
        order: "NULLS FIRST",
        where: "((state = 2) AND (verification_state = 3))"
      # To optimize performance of {{ n.registry_class }}.needs_verification_count
      t.index :verification_state,
        name: :{{ n.registry_table }}_needs_verification,
        where: "((state = 2) AND (verification_state = ANY (ARRAY[0, 3])))"
      # To optimize performance of {{ n.registry_class }}.verification_pending_batch
      t.index :verified_at,
        name: :{{ n.registry_table }}_pending_verification,
        order: "NULLS FIRST",
        where: "((state = 2) AND (verification_state = 0))"
    end
  end
end
