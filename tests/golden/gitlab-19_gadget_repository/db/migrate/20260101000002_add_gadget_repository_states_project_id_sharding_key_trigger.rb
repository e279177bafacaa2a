# frozen_string_literal: true

class AddGadgetRepositoryStatesProjectIdShardingKeyTrigger < Gitlab::Database::Migration[2.3]
  milestone '19.2'

  def up
    install_sharding_key_assignment_trigger(
      table: :gadget_repository_states,
      sharding_key: :project_id,
      parent_table: :gadget_repositories,
      parent_sharding_key: :project_id,
      foreign_key: :gadget_repository_id
    )
  end

  def down
    remove_sharding_key_assignment_trigger(
      table: :gadget_repository_states,
      sharding_key: :project_id,
      parent_table: :gadget_repositories,
      parent_sharding_key: :project_id,
      foreign_key: :gadget_repository_id
    )
  end
end
