# frozen_string_literal: true

class Create{{ n.registry_class }} < {{ c.migration_class }}
{%- if c.ddl %}
  include Gitlab::Database::MigrationHelpers
{% if c.downtime %}
  DOWNTIME = false
{% endif %}
  disable_ddl_transaction!

  def up
    unless table_exists?(:{{ n.registry_table }})
      ActiveRecord::Base.transaction do
        create_table :{{ n.registry_table }}, id: :{% if c.bigint %}bigserial{% else %}serial{% endif %}, force: :cascade do |t|
          t.datetime_with_timezone :retry_at
          t.datetime_with_timezone :last_synced_at
          t.datetime_with_timezone :created_at, null: false
          t.{% if c.bigint %}bigint{% else %}integer{% endif %} :{{ n.foreign_key }}, null: false
          t.integer :state, default: 0, null: false, limit: 2
          t.integer :retry_count, default: 0, limit: 2
{%- if c.text_limit %}
          t.text :last_sync_failure
{%- else %}
          t.string :last_sync_failure, limit: 255
{%- endif %}
          t.boolean :force_to_redownload
          t.boolean :missing_on_primary

          t.index :{{ n.foreign_key }}, name: :index_{{ n.registry_table }}_on_{{ n.foreign_key }}, unique: true
          t.index :retry_at
          t.index :state
        end
      end
    end
{%- if c.text_limit %}

    add_text_limit :{{ n.registry_table }}, :last_sync_failure, 255
{%- endif %}
  end

  def down
    drop_table :{{ n.registry_table }}
  end
{%- else %}
{% if c.downtime %}  DOWNTIME = false

{% endif %}  def change
    create_table :{{ n.registry_table }}, id: :{% if c.bigint %}bigserial{% else %}serial{% endif %}, force: :cascade do |t|
      t.{% if c.bigint %}bigint{% else %}integer{% endif %} :{{ n.foreign_key }}, null: false
      t.integer :state, default: 0, null: false, limit: 2
      t.integer :retry_count, default: 0
      t.string :last_sync_failure, limit: 255
      t.datetime_with_timezone :retry_at
      t.datetime_with_timezone :last_synced_at
      t.datetime_with_timezone :created_at, null: false
      t.boolean :force_to_redownload
      t.boolean :missing_on_primary

      t.index :{{ n.foreign_key }}, name: :index_{{ n.registry_table }}_on_repository_id, unique: true, using: :btree
      t.index :retry_at, name: :index_{{ n.registry_table }}_on_retry_at, using: :btree
      t.index :state, name: :index_{{ n.registry_table }}_on_state, using: :btree
    end
  end
{%- endif %}
end
