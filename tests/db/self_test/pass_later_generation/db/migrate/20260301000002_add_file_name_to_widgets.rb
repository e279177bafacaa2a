# frozen_string_literal: true

class AddFileNameToWidgets < Gitlab::Database::Migration[2.1]
  enable_lock_retries!

  def change
    add_column :widgets, :file_name, :text
  end
end
