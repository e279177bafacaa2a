# frozen_string_literal: true

class AddNotesToWidgets < ActiveRecord::Migration[6.0]
  def change
    add_column :widgets, :note, :text
  end
end
