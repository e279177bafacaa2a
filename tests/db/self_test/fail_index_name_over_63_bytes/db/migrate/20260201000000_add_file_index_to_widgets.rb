# frozen_string_literal: true

class AddFileIndexToWidgets < ActiveRecord::Migration[6.0]
  DOWNTIME = false

  def change
    add_index :widgets, :file, name: 'index_widgets_on_file_for_the_verification_of_every_stored_widget'
  end
end
