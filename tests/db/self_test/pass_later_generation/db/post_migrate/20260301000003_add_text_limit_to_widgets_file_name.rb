# frozen_string_literal: true

class AddTextLimitToWidgetsFileName < Gitlab::Database::Migration[2.2]
  disable_ddl_transaction!

  milestone '19.0'

  def up
    add_text_limit :widgets, :file_name, 255
    add_not_null_constraint :widgets, :size
  end

  def down
    remove_not_null_constraint :widgets, :size
    remove_text_limit :widgets, :file_name
  end
end
