# frozen_string_literal: true

class AddNoteToWidgets < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  disable_ddl_transaction!

  def change
    add_column :widgets, :note, :text
  end
end
