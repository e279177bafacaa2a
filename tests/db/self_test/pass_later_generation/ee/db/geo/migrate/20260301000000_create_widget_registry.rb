# frozen_string_literal: true

# A registry in the style of GitLab 17-19: bigserial id, verification columns,
# text limits, partial indexes, and existence guards.
class CreateWidgetRegistry < Gitlab::Database::Migration[2.3]
  milestone '19.0'

  def change
    create_table :widget_registry, id: :bigserial, if_not_exists: true do |t|
      t.bigint :widget_id, null: false
      t.datetime_with_timezone :created_at, null: false
      t.datetime_with_timezone :last_synced_at
      t.datetime_with_timezone :verified_at
      t.integer :state, default: 0, null: false, limit: 2
      t.integer :verification_state, default: 0, null: false, limit: 2
      t.boolean :checksum_mismatch, default: false, null: false
      t.binary :verification_checksum
      t.text :verification_failure, limit: 255
      t.text :last_sync_failure, limit: 255

      t.index :widget_id, name: :index_widget_registry_on_widget_id, unique: true
      t.index :state
      t.index :verified_at,
        name: :widget_registry_pending_verification,
        order: "NULLS FIRST",
        where: "((state = 2) AND (verification_state = 0))"
    end
  end
end
