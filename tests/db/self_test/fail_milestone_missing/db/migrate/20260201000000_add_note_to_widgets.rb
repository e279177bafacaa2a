# frozen_string_literal: true

class AddNoteToWidgets < Gitlab::Database::Migration[2.2]
  def change
    add_column :widgets, :note, :text
  end
end
