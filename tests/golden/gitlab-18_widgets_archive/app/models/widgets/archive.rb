# frozen_string_literal: true

module Widgets
  # A packed export of a project's widgets, kept as a single file so it can be
  # restored into another project later.
  class Archive < ApplicationRecord
    include FileStoreMounter
    include ObjectStorable
    include ShaAttribute

    STORE_COLUMN = :file_store

    sha256_attribute :file_sha256

    belongs_to :project, inverse_of: :widgets_archives

    validates :project, :file, :size, presence: true
    validates :file, length: { maximum: 255 }
    validates :file_store, presence: true, inclusion: { in: ObjectStorage::SUPPORTED_STORES }

    mount_file_store_uploader Widgets::ArchiveUploader

    scope :project_id_in, ->(ids) { where(project_id: ids) }
    scope :created_before, ->(time) { where(created_at: ...time) }

    def self.latest_for(project)
      where(project: project).order(created_at: :desc).first
    end

    def expired?
      created_at < 30.days.ago
    end
  end
end

Widgets::Archive.prepend_mod
