# frozen_string_literal: true

class Create{{ n.registry_class }} < {{ c.migration_class }}
{% if c.downtime %}  DOWNTIME = false

{% endif %}  def change
    create_table :{{ n.registry_table }}, id: :serial, force: :cascade do |t|
      t.integer :{{ n.foreign_key }}, null: false
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
end
