# frozen_string_literal: true

class AddWidgetStatesProjectIdShardingKeyTrigger < Gitlab::Database::Migration[2.3]
  milestone '19.2'

  def up
    install_sharding_key_assignment_trigger(
      table: :widget_states,
      sharding_key: :project_id,
      parent_table: :widgets,
      parent_sharding_key: :project_id,
      foreign_key: :widget_id
    )
  end

  def down
    remove_sharding_key_assignment_trigger(
      table: :widget_states,
      sharding_key: :project_id,
      parent_table: :widgets,
      parent_sharding_key: :project_id,
      foreign_key: :widget_id
    )
  end
end
