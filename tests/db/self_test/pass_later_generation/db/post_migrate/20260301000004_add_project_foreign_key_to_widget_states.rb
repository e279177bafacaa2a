# frozen_string_literal: true

class AddProjectForeignKeyToWidgetStates < Gitlab::Database::Migration[2.2]
  disable_ddl_transaction!

  milestone '19.0'

  def up
    add_concurrent_foreign_key :widget_states, :projects, column: :project_id, on_delete: :cascade
  end

  def down
    with_lock_retries do
      remove_foreign_key_if_exists :widget_states, column: :project_id
    end
  end
end
