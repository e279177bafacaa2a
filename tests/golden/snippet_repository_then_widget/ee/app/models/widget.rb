# frozen_string_literal: true

class Widget < ApplicationRecord
  include ObjectStorage::BackgroundMove
  include ::Gitlab::Geo::ReplicableModel

  with_replicator Geo::WidgetReplicator

  scope :checksummed, -> { where.not(verification_checksum: nil) }
  scope :checksum_failed, -> { where.not(verification_failure: nil) }

  belongs_to :project

  validates :project, presence: true
  validates :file, presence: true

  mount_uploader :file, WidgetUploader

  def self.with_files_stored_locally
    where(file_store: ObjectStorage::Store::LOCAL)
  end

  def local?
    file_store == ObjectStorage::Store::LOCAL
  end
end
