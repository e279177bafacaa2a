# frozen_string_literal: true

class Create{{ n.class }}States < {{ p.migration_class.value }}
{%- if f.sharding_key.is_some() %}
  disable_ddl_transaction!
{% endif %}
{%- if p.migration_milestone.value %}
  milestone '{{ f.milestone }}'
{%- endif %}

  VERIFICATION_STATE_INDEX_NAME = "{{ f.states_indexes[0] }}"
  PENDING_VERIFICATION_INDEX_NAME = "{{ f.states_indexes[1] }}"
  FAILED_VERIFICATION_INDEX_NAME = "{{ f.states_indexes[2] }}"
  NEEDS_VERIFICATION_INDEX_NAME = "{{ f.states_indexes[3] }}"
  VERIFICATION_STARTED_INDEX_NAME = "{{ f.states_indexes[4] }}"
{%- if let Some(fk) = f.states_fk_index %}
  FOREIGN_KEY_INDEX_NAME = "{{ fk }}"
{%- endif %}

  def up
    create_table :{{ n.name }}_states{% if generator %}, if_not_exists: true{% endif %} do |t|
      t.datetime_with_timezone :verification_started_at
      t.datetime_with_timezone :verification_retry_at
      t.datetime_with_timezone :verified_at
      t.references :{{ n.name }},
        null: false,
{%- if f.states_fk_index.is_some() %}
        index: { unique: true, name: FOREIGN_KEY_INDEX_NAME },
{%- else %}
        index: { unique: true },
{%- endif %}
        foreign_key: { on_delete: :cascade }
{%- if let Some(key) = f.sharding_key %}
      t.bigint :{{ key }}, null: false
{%- endif %}
      t.integer :verification_state, default: 0, limit: 2, null: false
      t.integer :verification_retry_count, default: 0, limit: 2, null: false
      t.binary :verification_checksum, using: 'verification_checksum::bytea'
      t.text :verification_failure, limit: 255

      t.index :verification_state, name: VERIFICATION_STATE_INDEX_NAME
      t.index :verified_at,
        where: "(verification_state = 0)",
        order: { verified_at: 'ASC NULLS FIRST' },
        name: PENDING_VERIFICATION_INDEX_NAME
      t.index :verification_retry_at,
        where: "(verification_state = 3)",
        order: { verification_retry_at: 'ASC NULLS FIRST' },
        name: FAILED_VERIFICATION_INDEX_NAME
      t.index [:{{ n.foreign_key }}, :verification_started_at],
        where: "(verification_state = 1)",
        name: VERIFICATION_STARTED_INDEX_NAME
      t.index :{{ n.foreign_key }},
        where: "((verification_state = 0) OR (verification_state = 3))",
        name: NEEDS_VERIFICATION_INDEX_NAME
{%- if let Some(key) = f.sharding_key %}
      t.index :{{ key }}
{%- endif %}
    end
{%- if let Some(key) = f.sharding_key %}

    add_concurrent_foreign_key :{{ n.name }}_states, :{{ f.sharding_table }}, column: :{{ key }}, on_delete: :cascade
{%- endif %}
  end

  def down
    drop_table :{{ n.name }}_states
  end
end
