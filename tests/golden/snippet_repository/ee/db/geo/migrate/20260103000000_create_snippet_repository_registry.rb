# frozen_string_literal: true

class CreateSnippetRepositoryRegistry < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  def change
    create_table :snippet_repository_registry, id: :serial, force: :cascade do |t|
      t.integer :snippet_repository_id, null: false
      t.integer :state, default: 0, null: false, limit: 2
      t.integer :retry_count, default: 0
      t.string :last_sync_failure, limit: 255
      t.datetime_with_timezone :retry_at
      t.datetime_with_timezone :last_synced_at
      t.datetime_with_timezone :created_at, null: false
      t.boolean :force_to_redownload
      t.boolean :missing_on_primary

      t.index :snippet_repository_id, name: :index_snippet_repository_registry_on_repository_id, unique: true, using: :btree
      t.index :retry_at, name: :index_snippet_repository_registry_on_retry_at, using: :btree
      t.index :state, name: :index_snippet_repository_registry_on_state, using: :btree
    end
  end
end
