# frozen_string_literal: true

class CreateWidgetRegistry < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  def change
    create_table :widget_registry, id: :serial, force: :cascade do |t|
      t.integer :widget_id, null: false
      t.integer :state, default: 0, null: false
      t.integer :retry_count, default: 0
      t.string :last_sync_failure, limit: 255
      t.datetime_with_timezone :retry_at
      t.datetime_with_timezone :last_synced_at
      t.datetime_with_timezone :created_at, null: false

      t.index :widget_id, name: :index_widget_registry_on_repository_id, using: :btree
      t.index :retry_at, name: :index_widget_registry_on_retry_at, using: :btree
      t.index :state, name: :index_widget_registry_on_state, using: :btree
    end
  end
end
