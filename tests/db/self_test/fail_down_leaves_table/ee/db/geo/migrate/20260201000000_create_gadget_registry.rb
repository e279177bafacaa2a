# frozen_string_literal: true

class CreateGadgetRegistry < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  def up
    create_table :gadget_registry, id: :serial do |t|
      t.integer :gadget_id, null: false
    end
    add_column :package_file_registry, :gadget_note, :string
  end

  def down
    remove_column :package_file_registry, :gadget_note
  end
end
