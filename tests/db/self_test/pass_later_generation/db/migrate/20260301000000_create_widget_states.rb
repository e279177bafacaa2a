# frozen_string_literal: true

class CreateWidgetStates < Gitlab::Database::Migration[2.3]
  disable_ddl_transaction!

  milestone '19.0'

  def up
    create_table :widget_states, if_not_exists: true do |t|
      t.datetime_with_timezone :verification_started_at
      t.datetime_with_timezone :verified_at
      t.references :widget, null: false, index: { unique: true }, foreign_key: { on_delete: :cascade }
      t.bigint :project_id
      t.integer :verification_state, default: 0, limit: 2, null: false
      t.binary :verification_checksum, using: 'verification_checksum::bytea'
      t.text :verification_failure, limit: 255

      t.index :verification_state, name: 'index_widget_states_on_verification_state'
      t.index :verified_at,
        where: "(verification_state = 0)",
        order: { verified_at: 'ASC NULLS FIRST' },
        name: 'index_widget_states_pending_verification'
    end
  end

  def down
    drop_table :widget_states
  end
end
