# frozen_string_literal: true

# A file a project attaches to its widget board (for example an exported
# layout). One row per file, stored with WidgetUploader.
class Widget < ApplicationRecord
  include FileStoreMounter
  include EachBatch

  belongs_to :project, inverse_of: :widgets

  validates :project, presence: true
  validates :file, presence: true
  validates :size, presence: true, numericality: { greater_than_or_equal_to: 0 }

  scope :for_project, ->(project) { where(project: project) }
  scope :with_files_stored_locally, -> { where(file_store: ::ObjectStorage::Store::LOCAL) }

  mount_file_store_uploader WidgetUploader

  before_validation :set_size, if: :file_changed?

  private

  def set_size
    self.size = file.size.to_i
  end
end

Widget.prepend_mod_with('Widget')
