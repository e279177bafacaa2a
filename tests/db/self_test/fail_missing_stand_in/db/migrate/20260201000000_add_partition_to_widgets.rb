# frozen_string_literal: true

class AddPartitionToWidgets < Gitlab::Database::Migration[2.2]
  milestone '17.0'
  disable_ddl_transaction!

  def up
    partition_table_by_int_range :widgets, :id, partition_size: 100
  end

  def down; end
end
