# frozen_string_literal: true

class AddSizeIndexToWidgets < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  disable_ddl_transaction!

  def up
    add_concurrent_index :widgets, :size
  end

  def down
    remove_concurrent_index :widgets, :size
  end
end
